"""ticket list indexes: status queues, status + priority, a customer's tickets by status, sort by priority

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 20:30:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_priority', ['priority', 'id'], unique=False)
        batch_op.create_index('ix_tickets_requester_status_activity', ['requester_id', 'status', 'last_activity_at', 'id'], unique=False)
        batch_op.create_index('ix_tickets_status_activity', ['status', 'last_activity_at', 'id'], unique=False)
        batch_op.create_index('ix_tickets_status_priority_activity', ['status', 'priority', 'last_activity_at', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_status_priority_activity')
        batch_op.drop_index('ix_tickets_status_activity')
        batch_op.drop_index('ix_tickets_requester_status_activity')
        batch_op.drop_index('ix_tickets_priority')
