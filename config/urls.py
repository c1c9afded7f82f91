from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import health
from web.staff.throttling import rate_limited_login

admin.site.site_header = "Messe administration"
admin.site.site_title = "Messe"
admin.site.index_title = "Conventions, programme and exhibitors"

urlpatterns = [
    # The admin site's sign-in, rate limited like the organizer page's (it resolves before the admin's own).
    path("admin/login/", rate_limited_login(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/v1/", include("api.urls")),
    path("exhibitor/", include("web.exhibitor.urls")),
    path("", include("web.urls")),
    path("", include("web.legal.urls")),
    # Probes for load balancers and orchestrators (config/health.py): outside /api/, no authentication.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
