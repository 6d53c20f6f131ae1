from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("", include("neuguong.core.urls")),
    path("org/", include("neuguong.org.urls")),
    path("audit/", include("neuguong.core.audit.urls")),
    path("onestop/", include("neuguong.onestop.urls")),
    path("reception/", include("neuguong.feedback.reception.urls")),
    path("dashboards/", include("neuguong.dashboards.urls")),
    path("cong-khai/", include("neuguong.dashboards.urls_public")),
    path("oidc/", include("neuguong.core.identity.urls")),
    path("vneid-demo/", include("neuguong.core.identity.demo_urls")),
    path("", include("neuguong.onestop.urls_public")),
    path("api/v1/", include("neuguong.api.urls")),
    path("api-tokens/", include("neuguong.api.urls_pages")),
    path("feedback/", include("neuguong.feedback.urls")),
    path("open311/v2/", include("neuguong.feedback.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
