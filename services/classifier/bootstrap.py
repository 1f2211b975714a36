"""Composition root for the classifier."""

from __future__ import annotations

import functools
from pathlib import Path

from services.classifier.config import ClassifierSettings
from services.classifier.handlers import classify_mention, note_question
from services.classifier.repository import ClassificationRepository
from shared.events.mention import MentionReceived
from shared.events.reply import ReplySent
from shared.kafka.producer import EventProducer
from shared.kafka.runner import Subscription
from shared.service import ServiceParts
from shared.storage import create_engine, session_maker
from triage.directory import Directory
from triage.engine import Triage

MIGRATIONS = Path(__file__).parent / "migrations"


async def bootstrap(settings: ClassifierSettings) -> ServiceParts:
    engine = create_engine(settings.resolved_database_url())
    repository = ClassificationRepository(session_maker(engine))
    # Loaded and validated at start-up: a bad directory stops the service with the reason.
    triage = Triage(Directory.load(settings.directory))
    handler = functools.partial(classify_mention, assessor=triage, repository=repository)
    return ServiceParts(
        name="classifier",
        settings=settings,
        engine=engine,
        migrations_dir=MIGRATIONS,
        producer=EventProducer(settings.kafka_bootstrap_servers, client_id="heard-classifier"),
        subscriptions=[
            Subscription(MentionReceived, handler),
            Subscription(ReplySent, functools.partial(note_question, repository=repository)),
        ],
    )
