"""Import every model module so ``Base.metadata`` is complete (Alembic, drift check)."""

from __future__ import annotations

from badgeservice.audit import models as audit_models
from badgeservice.auth import models as auth_models
from badgeservice.badge_classes import models as badge_class_models
from badgeservice.db import Base
from badgeservice.images import models as image_models
from badgeservice.issuers import models as issuer_models

MODEL_MODULES = (audit_models, auth_models, badge_class_models, image_models, issuer_models)
metadata = Base.metadata
