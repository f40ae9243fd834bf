"""Import every model module so ``Base.metadata`` is complete (Alembic, drift check)."""

from __future__ import annotations

from badgeservice.audit import models as audit_models
from badgeservice.auth import models as auth_models
from badgeservice.awards import models as award_models
from badgeservice.badge_classes import models as badge_class_models
from badgeservice.db import Base
from badgeservice.idempotency import models as idempotency_models
from badgeservice.images import models as image_models
from badgeservice.issuers import models as issuer_models
from badgeservice.keys import models as key_models
from badgeservice.status import models as status_models

MODEL_MODULES = (
    audit_models,
    auth_models,
    badge_class_models,
    image_models,
    issuer_models,
    key_models,
    award_models,
    idempotency_models,
    status_models,
)
metadata = Base.metadata
