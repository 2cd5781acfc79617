"""The kernel every app builds on; it imports no app of the portal.

exercices (fiscal years), tri (French sorting), formats (Québec numbers, money, dates),
historique (append-only rows), horloge (injectable clock), courriels (mail after commit),
permissions (rules that say why), actions (the verb contract), vues (rule-checked views),
formulaires (form base), taches (« À traiter » items).
"""
