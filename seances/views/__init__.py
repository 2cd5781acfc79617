"""Pages of the seances app: `seances` (list, planning, agenda, the séance in session), `conseil`
(cahier, rescheduling and cancelling, calendar, register of résolutions), `pv` (procès-verbal).
Each page checks rule `seances.voir` (or a narrower one) and writes only through seances.actions."""
