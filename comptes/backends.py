"""The log-in backend that applies django-axes' lockout."""

from axes.backends import AxesStandaloneBackend


class ConnexionLimitee(AxesStandaloneBackend):
    """django-axes' lockout check for every log-in made through a web request. A password check
    with no request (management commands, the shell) has no client address to lock out and is
    left to the next backends instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
