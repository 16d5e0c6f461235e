"""saved views: a list's filter and sort under a name; the view each agent's /tickets opens with

The built-in views are made by the service the first time an agent lists views.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 18:39:43.557964
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('saved_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('builtin', sa.String(length=32), nullable=True),
    sa.Column('filter', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('builtin')
    )
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.create_index('ix_saved_views_owner_position', ['owner_id', 'position', 'id'], unique=False)

    op.create_table('default_views',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('view_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['view_id'], ['saved_views.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('default_views')
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.drop_index('ix_saved_views_owner_position')

    op.drop_table('saved_views')
