"""A page as the browser shows it: the page, then the fragments it loads itself (htmx
`data-hx-get` on load), as the fiche of a créneau loads its comités and partnerships."""

import re
from html import unescape

FRAGMENT = re.compile(r'data-hx-get="([^"]+)" data-hx-trigger="load"')


def page_et_fragments(client, url, statut=200):
    reponse = client.get(url)
    assert reponse.status_code == statut, url
    page = reponse.content.decode()
    morceaux = [page]
    for lien in FRAGMENT.findall(page):
        fragment = client.get(unescape(lien), HTTP_HX_REQUEST="true")
        if fragment.status_code == 200:
            morceaux.append(fragment.content.decode())
    return "\n".join(morceaux)
