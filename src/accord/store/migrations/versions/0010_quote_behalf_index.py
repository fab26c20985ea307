"""The quotes spoken for an actor (``quotes.on_behalf_of``) read newest article first straight
from an index, as an actor's own quotes are (``ix_quotes_actor_article``): the workbench's actor
page lists both.

Revision ID: 0010_quote_behalf_index
Revises: 0009_quote_behalf
"""

from alembic import op

revision = "0010_quote_behalf_index"
down_revision = "0009_quote_behalf"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_quotes_behalf_article", "quotes", ["on_behalf_of", "article_id", "start"])


def downgrade() -> None:
    op.drop_index("ix_quotes_behalf_article", table_name="quotes")
