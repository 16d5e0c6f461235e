"""tickets.first_response_at: when an agent first replied in public (the list's "unanswered" filter)

Existing tickets take it from their replies.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 18:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_response_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_tickets_unanswered', ['first_response_at', 'last_activity_at', 'id'], unique=False)
    op.execute(
        "UPDATE tickets SET first_response_at = (SELECT min(r.created_at) FROM replies r"
        " JOIN users u ON u.id = r.author_id WHERE r.ticket_id = tickets.id AND r.internal = false"
        " AND u.role IN ('agent', 'admin'))"
    )


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_unanswered')
        batch_op.drop_column('first_response_at')
