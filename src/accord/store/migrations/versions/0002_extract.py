"""Extraction tables: extraction state, mentions, quotes, figures, date mentions, events,
positions.

Revision ID: 0002_extract
Revises: 0001_corpus
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002_extract"
down_revision = "0001_corpus"
branch_labels = None
depends_on = None


def _fk_article(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["article_id"],
        ["articles.id"],
        name=f"fk_{table}_article_id_articles",
        ondelete="CASCADE",
    )


def _item_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    ]


def _item_table(name: str, *columns: sa.Column[Any]) -> None:
    op.create_table(
        name,
        *_item_columns(),
        *columns,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
        _fk_article(name),
    )
    op.create_index(f"ix_{name}_article_id", name, ["article_id"])


def upgrade() -> None:
    op.create_table(
        "extraction_state",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        sa.Column("config_hash", sa.String(64), nullable=False),
        sa.Column("processed_at", sa.DateTime(), nullable=False),
        sa.Column("n_mentions", sa.Integer(), nullable=False),
        sa.Column("n_quotes", sa.Integer(), nullable=False),
        sa.Column("n_figures", sa.Integer(), nullable=False),
        sa.Column("n_dates", sa.Integer(), nullable=False),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("n_positions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_extraction_state"),
        _fk_article("extraction_state"),
    )
    _item_table(
        "mentions",
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("actor_id", sa.String(128), nullable=True),
        sa.Column("method", sa.String(32), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
    )
    op.create_index("ix_mentions_actor_id", "mentions", ["actor_id"])
    _item_table(
        "quotes",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("speaker_text", sa.Text(), nullable=True),
        sa.Column("speaker_start", sa.Integer(), nullable=True),
        sa.Column("speaker_end", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.String(128), nullable=True),
        sa.Column("cue", sa.String(64), nullable=True),
    )
    op.create_index("ix_quotes_actor_id", "quotes", ["actor_id"])
    _item_table(
        "figures",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(64), nullable=True),
        sa.Column("value_high", sa.Float(), nullable=True),
    )
    _item_table(
        "date_mentions",
        sa.Column("value", sa.Date(), nullable=True),
        sa.Column("precision", sa.String(8), nullable=False),
        sa.Column("relative", sa.Boolean(), nullable=False),
    )
    _item_table(
        "events",
        sa.Column("plover", sa.String(16), nullable=False),
        sa.Column("trigger", sa.String(128), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=True),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("participant_texts", sa.JSON(), nullable=False),
        sa.Column("place", sa.String(256), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_text", sa.String(128), nullable=True),
        sa.Column("date_precision", sa.String(8), nullable=True),
    )
    op.create_index("ix_events_plover", "events", ["plover"])
    _item_table(
        "positions",
        sa.Column("actor_id", sa.String(128), nullable=True),
        sa.Column("issue", sa.String(128), nullable=False),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("cue", sa.String(64), nullable=True),
    )
    op.create_index("ix_positions_actor_id", "positions", ["actor_id"])
    op.create_index("ix_positions_issue", "positions", ["issue"])


def downgrade() -> None:
    for name in ("positions", "events", "date_mentions", "figures", "quotes", "mentions"):
        op.drop_table(name)
    op.drop_table("extraction_state")
