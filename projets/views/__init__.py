"""Project pages, one module per job: `liste` (list and CSV export), `depot` (filing steps, new
project, budget preview), `detail` (project page and its action forms), `fichiers` (attachments,
decision documents, comments). Each view checks its rule through noyau.views and writes only
through the verbs of projets.actions."""
