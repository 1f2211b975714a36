"""Composition root for the classifier."""

from __future__ import annotations

import functools
from pathlib import Path

from services.classifier.config import ClassifierSettings
from services.classifier.handlers import classify_mention
from services.classifier.interim import KeywordAssessor
from services.classifier.repository import ClassificationRepository
from shared.events.mention import MentionReceived
from shared.kafka.producer import EventProducer
from shared.kafka.runner import Subscription
from shared.service import ServiceParts
from shared.storage import create_engine, session_maker

MIGRATIONS = Path(__file__).parent / "migrations"


async def bootstrap(settings: ClassifierSettings) -> ServiceParts:
    engine = create_engine(settings.resolved_database_url())
    repository = ClassificationRepository(session_maker(engine))
    handler = functools.partial(classify_mention, assessor=KeywordAssessor(), repository=repository)
    return ServiceParts(
        name="classifier",
        settings=settings,
        engine=engine,
        migrations_dir=MIGRATIONS,
        producer=EventProducer(settings.kafka_bootstrap_servers, client_id="heard-classifier"),
        subscriptions=[Subscription(MentionReceived, handler)],
    )
