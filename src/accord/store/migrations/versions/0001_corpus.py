"""Corpus tables: versioned articles, repairs, removed lines, flags, aliases, fingerprints, stories.

Revision ID: 0001_corpus
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_corpus"
down_revision = None
branch_labels = None
depends_on = None


def _fk_article(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["article_id"],
        ["articles.id"],
        name=f"fk_{table}_article_id_articles",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.String(2048), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("source_path", sa.String(2048), nullable=False),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_record", sa.Integer(), nullable=True),
        sa.Column("source_offset", sa.Integer(), nullable=True),
        sa.Column("warc_record_id", sa.String(255), nullable=True),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("raw_sha256", sa.String(64), nullable=False),
        sa.Column("encoding", sa.String(64), nullable=False),
        sa.Column("declared_encoding", sa.String(64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("segments", sa.JSON(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("outlet", sa.String(512), nullable=True),
        sa.Column("url", sa.String(4096), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("n_chars", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("superseded_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("identity", "version", name="uq_articles_identity"),
    )
    op.create_index("ix_articles_identity", "articles", ["identity"])
    op.create_index("ix_articles_raw_sha256", "articles", ["raw_sha256"])
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])

    op.create_table(
        "article_repairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("original", sa.Text(), nullable=False),
        sa.Column("replacement", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("certain", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_article_repairs"),
        _fk_article("article_repairs"),
    )
    op.create_index("ix_article_repairs_article_id", "article_repairs", ["article_id"])

    op.create_table(
        "article_removed_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_article_removed_lines"),
        _fk_article("article_removed_lines"),
    )
    op.create_index(
        "ix_article_removed_lines_article_id", "article_removed_lines", ["article_id"]
    )

    op.create_table(
        "article_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.Column("span_space", sa.String(16), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_article_flags"),
        _fk_article("article_flags"),
    )
    op.create_index("ix_article_flags_article_id", "article_flags", ["article_id"])
    op.create_index("ix_article_flags_name", "article_flags", ["name"])

    op.create_table(
        "article_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.String(2048), nullable=False),
        sa.Column("raw_sha256", sa.String(64), nullable=False),
        sa.Column("source_path", sa.String(2048), nullable=False),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_record", sa.Integer(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_article_aliases"),
        sa.UniqueConstraint("identity", name="uq_article_aliases_identity"),
        _fk_article("article_aliases"),
    )
    op.create_index("ix_article_aliases_article_id", "article_aliases", ["article_id"])

    op.create_table(
        "article_fingerprints",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("params", sa.String(128), nullable=False),
        sa.Column("shingle_minhash", sa.LargeBinary(), nullable=False),
        sa.Column("word_minhash", sa.LargeBinary(), nullable=False),
        sa.Column("n_words", sa.Integer(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("numbers", sa.JSON(), nullable=False),
        sa.Column("quoted", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_article_fingerprints"),
        _fk_article("article_fingerprints"),
    )

    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )

    op.create_table(
        "story_members",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("linked_to", sa.Integer(), nullable=True),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("article_id", name="pk_story_members"),
        _fk_article("story_members"),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name="fk_story_members_story_id_stories",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_story_members_story_id", "story_members", ["story_id"])


def downgrade() -> None:
    for table in (
        "story_members",
        "stories",
        "article_fingerprints",
        "article_aliases",
        "article_flags",
        "article_removed_lines",
        "article_repairs",
        "articles",
    ):
        op.drop_table(table)
