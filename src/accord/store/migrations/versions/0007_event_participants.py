"""Event participants unnested: ``event_participants`` holds one row per (event, resolved
actor), kept by triggers on ``events`` (insert; deleting an event cascades), so the events of
one actor are read from an index, newest article first, instead of testing the JSON list of
every event. Existing events are copied in.

Revision ID: 0007_event_participants
Revises: 0006_article_search
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_event_participants"
down_revision = "0006_article_search"
branch_labels = None
depends_on = None

SQLITE_TRIGGER = """
CREATE TRIGGER event_participants_insert AFTER INSERT ON events BEGIN
    INSERT OR IGNORE INTO event_participants (actor_id, article_id, start, event_id)
    SELECT DISTINCT j.value, new.article_id, new.start, new.id
    FROM json_each(new.participants) AS j WHERE j.type = 'text';
END"""
SQLITE_COPY = """
INSERT OR IGNORE INTO event_participants (actor_id, article_id, start, event_id)
SELECT DISTINCT j.value, e.article_id, e.start, e.id
FROM events AS e, json_each(e.participants) AS j WHERE j.type = 'text'"""

POSTGRES_FUNCTION = """
CREATE FUNCTION event_participants_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO event_participants (actor_id, article_id, start, event_id)
    SELECT DISTINCT p.value, NEW.article_id, NEW.start, NEW.id
    FROM json_array_elements(NEW.participants) AS e(item),
         LATERAL (SELECT e.item #>> '{}' AS value) AS p
    WHERE json_typeof(e.item) = 'string'
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END
$$ LANGUAGE plpgsql"""
POSTGRES_TRIGGER = """
CREATE TRIGGER event_participants_insert AFTER INSERT ON events
FOR EACH ROW EXECUTE FUNCTION event_participants_insert()"""
POSTGRES_COPY = """
INSERT INTO event_participants (actor_id, article_id, start, event_id)
SELECT DISTINCT x.item #>> '{}', ev.article_id, ev.start, ev.id
FROM events AS ev, json_array_elements(ev.participants) AS x(item)
WHERE json_typeof(x.item) = 'string'
ON CONFLICT DO NOTHING"""


def upgrade() -> None:
    op.create_table(
        "event_participants",
        sa.Column("actor_id", sa.String(128), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("actor_id", "article_id", "start", "event_id",
                                name="pk_event_participants"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name="fk_event_participants_event_id_events",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_event_participants_event_id", "event_participants", ["event_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)
        op.execute(POSTGRES_COPY)
    else:
        op.execute(SQLITE_TRIGGER)
        op.execute(SQLITE_COPY)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS event_participants_insert ON events")
        op.execute("DROP FUNCTION IF EXISTS event_participants_insert()")
    else:
        op.execute("DROP TRIGGER IF EXISTS event_participants_insert")
    op.drop_index("ix_event_participants_event_id", table_name="event_participants")
    op.drop_table("event_participants")
