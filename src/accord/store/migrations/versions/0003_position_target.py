"""Position statements: the target party of a demand and the statement's strength.

Revision ID: 0003_position_target
Revises: 0002_extract
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_position_target"
down_revision = "0002_extract"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("positions") as batch:
        batch.add_column(sa.Column("target", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("strength", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("positions") as batch:
        batch.drop_column("strength")
        batch.drop_column("target")
