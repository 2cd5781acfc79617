"""Pages of the plans app: `plans` (a créneau's stratégie et plan d'action), `strategies` (regional
strategies with their priorités, partners' action plans). Each view checks its rule through
noyau.views and writes only through the verbs of plans.actions."""
