"""The demo data set (`manage.py demo`): the public directory of créneaux with invented people,
then plans, projects and bilans taken through their verbs, each at its own moment (the portal's
clock frozen with noyau.horloge.figee), e-mailing nobody (noyau.courriels.sans_notifications).

comptes   the demo log-ins (shared password) and the accounts of people who act without logging in
acteurs   who acts on a créneau (coordination, the bureaus of its comités, Ministère)
creneaux  regions' priorities, créneaux, ententes, organisations, people, comités, confirmed mandates
plans     a plan d'action per recognised créneau (plans.actions)
projets   a project in each state per créneau (projets.actions), the comités deciding in séances;
          synthetic volume with --echelle
seances   séances held through seances.actions; procès-verbaux approved; one upcoming séance per comité
bilans    bilans of the last two exercices (bilans.actions); synthetic volume with --echelle
"""
