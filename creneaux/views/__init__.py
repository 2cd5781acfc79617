"""Pages of the creneaux app, one module per job: `creneaux` (directory, organisations, comités and
their forms), `excellence` (member companies, dossier d'excellence), `regions` (the 17 public region
pages), `recherche` (JSON endpoints of the autocomplete pickers). Each view checks its rule through
noyau.views and writes only through the verbs of creneaux.actions."""
