from tests.factories import CreneauFactory, region


def deux_creneaux():
    """Two créneaux the demo knows, in two regions: the demo's projects and séances go to them."""
    return [
        CreneauFactory(nom="Meuble", slug="meuble-centre-du-quebec", region_porteuse=region("17")),
        CreneauFactory(nom="Techno-mines souterraines", slug="techno-mines", region_porteuse=region("08")),
    ]
