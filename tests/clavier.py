"""Keyboard-only journeys (WCAG 2.1.1, 2.4.7): move with Tab / Shift+Tab, act with Enter or Space,
type once the field has the focus, and check at each stop that the focused element is the
expected one and shows where the focus is. No mouse, no `.click()`, no `fill()`."""

import re

# The focused element shows a clear outline, at least 2 px, of a colour that stands out (3:1,
# WCAG 1.4.11) from the background around it (accord.css :focus-visible; Bootstrap's pale
# box-shadow ring alone does not count); for a composite widget whose text box sits inside a
# drawn control (Tom Select), the control shows it.
FOCUS_VISIBLE = """e => {
  const cadre = e.closest('.ts-control') || e;
  const s = getComputedStyle(cadre);
  if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2) return false;
  const rvb = c => c.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const l = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  };
  let fond = cadre.parentElement;
  while (fond && rvb(getComputedStyle(fond).backgroundColor)[3] === 0) fond = fond.parentElement;
  const derriere = fond ? rvb(getComputedStyle(fond).backgroundColor) : [255, 255, 255];
  const [a, b] = [luminance(rvb(s.outlineColor)), luminance(derriere)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) >= 3;
}"""


def page_au_clavier(navigateur, live_server, locale="fr-CA"):
    """A new browser page for a keyboard journey. The CSP is bypassed only for the test's own
    focus checks (evaluate); the pages are unchanged."""
    contexte = navigateur.new_context(
        locale=locale, base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = contexte.new_page()
    page.set_default_timeout(15000)
    return page


def tabuler_jusqu_a(page, cible, maximum=80, arriere=False):
    """Press Tab (Shift+Tab when `arriere`) until `cible` (a locator) has the focus; check the
    focus is visible there."""
    touche = "Shift+Tab" if arriere else "Tab"
    for _ in range(maximum):
        page.keyboard.press(touche)
        if cible.evaluate("e => e === document.activeElement"):
            assert page.locator(":focus").evaluate(FOCUS_VISIBLE), f"focus not visible on {cible}"
            return
    raise AssertionError(f"{cible} never reached with {touche}")


def focus_visible_sur(page, cible):
    """`cible` has the focus (given by the page itself: autofocus, a widget's own move) and shows it."""
    assert cible.evaluate("e => e === document.activeElement"), f"{cible} does not have the focus"
    assert cible.evaluate(FOCUS_VISIBLE), f"focus not visible on {cible}"


def saisir(page, champ, texte, **kwargs):
    """Tab to the field `champ`, then type `texte` into it."""
    tabuler_jusqu_a(page, champ, **kwargs)
    page.keyboard.type(texte)


def activer(page, commande, touche="Enter", **kwargs):
    """Tab to the link or button `commande`, then press `touche` on it."""
    tabuler_jusqu_a(page, commande, **kwargs)
    page.keyboard.press(touche)


def se_connecter(page, username, mot_de_passe, code=None):
    """The log-in page by keyboard (user name, password, Enter), then, when `code` is given (a
    callable returning the current one), the second factor's page; until the page asked for."""
    page.goto("/comptes/connexion/")
    saisir(page, page.locator("#id_username"), username)
    saisir(page, page.locator("#id_password"), mot_de_passe)
    page.keyboard.press("Enter")
    if code is not None:
        page.wait_for_url(re.compile(r".*/comptes/double-facteur/\?.*"))
        focus_visible_sur(page, page.locator("#id_code"))  # the page gives it the focus
        page.keyboard.type(code())
        page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/comptes/" not in url)
