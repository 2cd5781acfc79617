from noyau.formats import format_argent
from tests.factories import UserFactory


def test_accueil_anonyme_invite_a_se_connecter(client, db):
    reponse = client.get("/")
    assert reponse.status_code == 200
    assert "Se connecter" in reponse.content.decode()


def test_accueil_connecte_montre_a_traiter(client, db):
    client.force_login(UserFactory())
    reponse = client.get("/")
    assert "À traiter" in reponse.content.decode()


def test_argent_en_format_quebecois():
    assert format_argent(12500) == "12\xa0500,00\xa0$"
    assert format_argent("1234567.891") == "1\xa0234\xa0567,89\xa0$"
    assert format_argent(-5) == "-5,00\xa0$"
