"""Indexes for the workbench's item lists: an actor's quotes and positions, and an issue's
positions, read newest article first straight from the index (no sort of every row).

Each composite index starts with the column of the single-column index it replaces, so
lookups and counts by actor or issue keep using an index.

Revision ID: 0005_item_indexes
Revises: 0004_sweeps
"""

from alembic import op

revision = "0005_item_indexes"
down_revision = "0004_sweeps"
branch_labels = None
depends_on = None

# (table, old single-column index, new composite index, its columns)
INDEXES = (
    ("quotes", "ix_quotes_actor_id", "ix_quotes_actor_article",
     ["actor_id", "article_id", "start"]),
    ("positions", "ix_positions_actor_id", "ix_positions_actor_article",
     ["actor_id", "article_id", "start"]),
    ("positions", "ix_positions_issue", "ix_positions_issue_article",
     ["issue", "article_id", "start"]),
)


def upgrade() -> None:
    for table, old, new, columns in INDEXES:
        op.create_index(new, table, columns)
        op.drop_index(old, table_name=table)


def downgrade() -> None:
    for table, old, new, columns in INDEXES:
        op.create_index(old, table, columns[:1])
        op.drop_index(new, table_name=table)
