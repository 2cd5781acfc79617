"""The demo data set (`manage.py demo`): the public directory of créneaux with invented people,
then plans, projects and bilans taken through their verbs, each at its own moment (the portal's
clock frozen with noyau.horloge.figee), e-mailing nobody (noyau.courriels.sans_notifications).

comptes   the demo log-ins (shared password) and the accounts of people who act without logging in
acteurs   who acts on a créneau (coordination, bureaus, Ministère); the comités' meetings
creneaux  regions' priorities, créneaux, ententes, organisations, people, comités, mandates, meetings
plans     a plan d'action per recognised créneau (plans.actions)
projets   a project in each state per créneau (projets.actions); synthetic volume with --echelle
bilans    bilans of the last two exercices (bilans.actions); synthetic volume with --echelle
"""
