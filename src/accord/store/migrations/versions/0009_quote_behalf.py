"""Who speaks for whom: ``quotes.on_behalf_of`` (the principal a spokesperson's or aide's quote
speaks for) and ``positions.speaker`` (the person whose words state a principal's position).

Rows extracted before this revision have both columns empty; the extractor version changes with
it, so the next ``accord extract`` re-extracts every article and fills them.

Revision ID: 0009_quote_behalf
Revises: 0008_story_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_quote_behalf"
down_revision = "0008_story_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("on_behalf_of", sa.String(length=128), nullable=True))
    with op.batch_alter_table("positions") as batch:
        batch.add_column(sa.Column("speaker", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("positions") as batch:
        batch.drop_column("speaker")
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("on_behalf_of")
