"""Story index in the database: LSH band buckets, term document frequencies, index state.

Revision ID: 0008_story_index
Revises: 0007_event_participants

The index of an existing database is filled on first use: the next clustering finds no
``story_index`` row, rebuilds the index and the stories from the stored fingerprints in bounded
memory, and records the rebuild (``rebuilt_at``, ``rebuild_reason = 'first use'``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_story_index"
down_revision = "0007_event_participants"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_bands",
        sa.Column("bucket", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "article_id", name="pk_story_bands"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_story_bands_article_id_articles",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_story_bands_article_id", "story_bands", ["article_id"])
    op.create_table(
        "story_terms",
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "term", name="pk_story_terms"),
    )
    op.create_table(
        "story_index",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("last_article_id", sa.Integer(), nullable=False),
        sa.Column("rebuilt_at", sa.DateTime(), nullable=False),
        sa.Column("rebuild_reason", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_story_index"),
    )


def downgrade() -> None:
    op.drop_table("story_index")
    op.drop_table("story_terms")
    op.drop_index("ix_story_bands_article_id", table_name="story_bands")
    op.drop_table("story_bands")
