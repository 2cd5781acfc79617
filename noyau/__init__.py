"""The kernel every app builds on; it imports no app of the portal.

exercices (fiscal years), tri (French sorting), formats (Québec numbers, money, dates),
historique (append-only rows), horloge (injectable clock), courriels (mail after commit),
permissions (rules that say why), actions (the verb contract), views (rule-checked views),
formulaires (form base), a_traiter (« À traiter » items), tasks (Celery tasks).
"""
