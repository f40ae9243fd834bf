"""The Isopolis network's seeded catalog: French first, English second."""

from __future__ import annotations

ISSUER: dict[str, object] = {
    "slug": "isopolis",
    "name": {"fr": "Isopolis", "en": "Isopolis"},
    "description": {
        "fr": "Réseau de faiseurs de changement : laboratoires d'innovation publique avec le "
        "CNFPT, maisons et fermes d'innovation sociétale, organisations communautaires. "
        "Isopolis reconnaît par des labels ce qui compte pour lui : des valeurs partagées et "
        "non négociables, des lieux, des expérimentations et des organisations qui transforment "
        "les territoires.",
        "en": "A network of changemakers: public innovation labs with the CNFPT, houses and "
        "farms of societal innovation, community organisations. Isopolis recognises what "
        "matters to it with labels: shared, non-negotiable values, and the places, experiments "
        "and organisations transforming their territories.",
    },
    "url": "https://isopolis.fr",
    "email": "contact@isopolis.fr",
}

FAISEUR: dict[str, object] = {
    "slug": "faiseur-de-changement",
    "name": {"fr": "Faiseur de changement", "en": "Changemaker"},
    "description": {
        "fr": "Reconnaît une personne engagée dans le socle commun de valeurs non négociables "
        "du réseau Isopolis (coopération, hospitalité, sobriété, pouvoir d'agir, attention aux "
        "vivants) et qui a conduit une action de transformation sur son territoire.",
        "en": "Recognises a person committed to the Isopolis network's shared base of "
        "non-negotiable values (cooperation, hospitality, sufficiency, empowerment, care for "
        "the living) who has led a transformation action in their territory.",
    },
    "criteria": {
        "fr": "La personne :\n\n1. adhère explicitement à la charte des valeurs du réseau ;\n"
        "2. a conduit ou co-conduit une action de transformation individuelle, collective ou "
        "territoriale, décrite en quelques lignes ;\n3. est reconnue par ses pairs du réseau, "
        "qui en témoignent dans le récit de l'attribution.",
        "en": "The person:\n\n1. explicitly adheres to the network's values charter;\n"
        "2. has led or co-led an individual, collective or territorial transformation action, "
        "described in a few lines;\n3. is recognised by peers in the network, who vouch for it "
        "in the award's narrative.",
    },
    "requirements": {
        "recipient_types": ["email", "did"],
        "min_evidence": 0,
        "narrative_required": True,
        "one_live_award_per_recipient": True,
        "claims_schema": {
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "type": "object",
            "required": ["adhesion_charte_valeurs", "action_de_transformation"],
            "properties": {
                "adhesion_charte_valeurs": {
                    "const": True,
                    "description": "Adhésion à la charte des valeurs / values charter adherence",
                },
                "action_de_transformation": {"type": "string", "minLength": 20, "maxLength": 4000},
                "territoire": {"type": "string", "maxLength": 200},
            },
            "additionalProperties": False,
        },
    },
    "achievement_type": "Badge",
    "tags": ["valeurs", "transformation", "faiseur-de-changement"],
    "validity": "P3Y",
}

LIEU: dict[str, object] = {
    "slug": "lieu-d-innovation-societale",
    "name": {"fr": "Lieu d'innovation sociétale", "en": "Societal innovation place"},
    "description": {
        "fr": "Label des maisons et fermes d'innovation sociétale : des lieux dédiés à la "
        "transformation individuelle, collective et territoriale, ouverts aux habitants, aux "
        "agents publics et aux initiatives du territoire.",
        "en": "Label for houses and farms of societal innovation: places dedicated to "
        "individual, collective and territorial transformation, open to residents, public "
        "servants and local initiatives.",
    },
    "criteria": {
        "fr": "Le lieu :\n\n1. a une adresse et accueille du public ;\n2. mène des activités "
        "de transformation (ateliers, résidences, tiers-lieu, expérimentations) ;\n3. "
        "partage ses apprentissages avec le réseau.",
        "en": "The place:\n\n1. has an address and welcomes the public;\n2. runs "
        "transformation activities (workshops, residencies, third place, experiments);\n3. "
        "shares what it learns with the network.",
    },
    "requirements": {
        "recipient_types": ["url"],
        "min_evidence": 1,
        "narrative_required": False,
        "one_live_award_per_recipient": True,
        "claims_schema": {
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "type": "object",
            "required": ["adresse", "activites"],
            "properties": {
                "adresse": {
                    "type": "object",
                    "required": ["rue", "code_postal", "commune"],
                    "properties": {
                        "rue": {"type": "string", "minLength": 1, "maxLength": 200},
                        "code_postal": {"type": "string", "pattern": "^[0-9]{5}$"},
                        "commune": {"type": "string", "minLength": 1, "maxLength": 100},
                        "pays": {"type": "string", "maxLength": 100},
                    },
                    "additionalProperties": False,
                },
                "activites": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 30,
                    "items": {"type": "string", "minLength": 2, "maxLength": 200},
                },
                "type_de_lieu": {"enum": ["maison", "ferme", "tiers-lieu", "autre"]},
            },
            "additionalProperties": False,
        },
    },
    "achievement_type": "ext:Lieu",
    "tags": ["lieu", "maison", "ferme", "territoire"],
    "validity": "P2Y",
}

EXPERIMENTATION: dict[str, object] = {
    "slug": "experimentation",
    "name": {"fr": "Expérimentation", "en": "Experiment"},
    "description": {
        "fr": "Reconnaît une expérimentation sociétale menée sur un territoire, dont les "
        "enseignements (réussites comme échecs) sont documentés et partagés avec le réseau.",
        "en": "Recognises a societal experiment carried out in a territory, whose lessons "
        "(successes and failures alike) are documented and shared with the network.",
    },
    "criteria": {
        "fr": "L'expérimentation :\n\n1. a été testée sur un territoire nommé ;\n2. est "
        "documentée par au moins une preuve : vidéo ou rapport ;\n3. en tire des "
        "enseignements partagés.",
        "en": "The experiment:\n\n1. was tested in a named territory;\n2. is documented by at "
        "least one piece of evidence: a video or a report;\n3. draws shared lessons.",
    },
    "requirements": {
        "recipient_types": ["url", "email", "did"],
        "min_evidence": 1,
        "evidence_kinds": ["video", "report"],
        "narrative_required": True,
        "one_live_award_per_recipient": False,
        "claims_schema": {
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "type": "object",
            "required": ["territoire", "enseignements"],
            "properties": {
                "territoire": {"type": "string", "minLength": 2, "maxLength": 200},
                "enseignements": {"type": "string", "minLength": 20, "maxLength": 8000},
                "periode": {"type": "string", "maxLength": 100},
            },
            "additionalProperties": False,
        },
    },
    "achievement_type": "ext:Experimentation",
    "tags": ["expérimentation", "territoire", "apprentissages"],
    "validity": None,
}

ORGANISATION: dict[str, object] = {
    "slug": "organisation",
    "name": {"fr": "Organisation", "en": "Organisation"},
    "description": {
        "fr": "Label des structures (collectivités, associations, entreprises, services "
        "publics) qui transforment leurs pratiques et leurs postures au service des valeurs "
        "du réseau.",
        "en": "Label for organisations (local authorities, associations, companies, public "
        "services) transforming their practices and postures in the service of the network's "
        "values.",
    },
    "criteria": {
        "fr": "L'organisation :\n\n1. décrit les pratiques qu'elle a transformées ;\n2. "
        "s'engage sur la charte des valeurs ;\n3. désigne une personne référente.",
        "en": "The organisation:\n\n1. describes the practices it has transformed;\n2. "
        "commits to the values charter;\n3. names a contact person.",
    },
    "requirements": {
        "recipient_types": ["url"],
        "min_evidence": 0,
        "narrative_required": False,
        "one_live_award_per_recipient": True,
        "claims_schema": {
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "type": "object",
            "required": ["pratiques_transformees", "engagement_charte"],
            "properties": {
                "pratiques_transformees": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 30,
                    "items": {"type": "string", "minLength": 2, "maxLength": 500},
                },
                "engagement_charte": {"const": True},
                "referent": {"type": "string", "maxLength": 200},
            },
            "additionalProperties": False,
        },
    },
    "achievement_type": "ext:Organisation",
    "tags": ["organisation", "pratiques", "postures"],
    "validity": "P2Y",
}

LABELS: tuple[dict[str, object], ...] = (FAISEUR, LIEU, EXPERIMENTATION, ORGANISATION)
