"""Login and logout. Django's auth views with throttled attempts on top."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from vaekst.accounts import throttle
from vaekst.lib.http import client_ip


class LoginView(auth_views.LoginView):
    """Username and password; refuses all attempts (even correct ones) while throttled."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")
        if throttle.is_locked(username=username, ip_address=client_ip(request)):
            messages.error(
                request,
                _("For mange mislykkede loginforsøg. Vent %(minutes)s minutter, og prøv igen.")
                % {"minutes": throttle.window_minutes()},
            )
            # An unbound form: the refused attempt is not even checked.
            context = self.get_context_data(form=AuthenticationForm(request))
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        throttle.note_success(username=form.get_user().get_username())
        return super().form_valid(form)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        throttle.note_failure(
            username=self.request.POST.get("username", ""),
            ip_address=client_ip(self.request),
        )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """Logout by POST only (Django's default); back to the login page."""
