"""Pages of the portal itself: `pages` (home page with « À traiter », the 403 page, the favicon),
`sante` (health endpoints for the load balancer and the operators)."""
