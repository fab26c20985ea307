"""Uncertainty sweeps: sweeps, their runs (drawn inputs, zone of agreement) and outcomes.

Revision ID: 0004_sweeps
Revises: 0003_position_target
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_sweeps"
down_revision = "0003_position_target"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sweeps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("model_name", sa.Text(), nullable=False),
        sa.Column("model_path", sa.Text(), nullable=True),
        sa.Column("model_sha256", sa.String(64), nullable=False),
        sa.Column("track", sa.String(128), nullable=True),
        sa.Column("scenario", sa.String(128), nullable=True),
        sa.Column("engines", sa.JSON(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("executor", sa.String(64), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("issues", sa.JSON(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sweeps"),
    )
    op.create_table(
        "sweep_runs",
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("run", sa.Integer(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("zone", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("sweep_id", "run", name="pk_sweep_runs"),
        sa.ForeignKeyConstraint(
            ["sweep_id"], ["sweeps.id"], name="fk_sweep_runs_sweep_id_sweeps", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "sweep_outcomes",
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("run", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(16), nullable=False),
        sa.Column("issue", sa.String(128), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("crossed", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("sweep_id", "run", "engine", "issue", name="pk_sweep_outcomes"),
        sa.ForeignKeyConstraint(
            ["sweep_id"],
            ["sweeps.id"],
            name="fk_sweep_outcomes_sweep_id_sweeps",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("sweep_outcomes")
    op.drop_table("sweep_runs")
    op.drop_table("sweeps")
