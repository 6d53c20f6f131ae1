"""Staff and citizen pages of the one-stop shop, mounted at /onestop/.

The document pages (slips, register) come from H5b's urls_documents.py, included here.
"""

from django.urls import include, path

from neuguong.onestop import views, views_catalogue, views_intake

urlpatterns = [
    path("", views.queues, name="onestop-queues"),
    path("search/", views.search, name="onestop-search"),
    path(
        "catalogue/import/", views_catalogue.catalogue_import, name="onestop-catalogue-import"
    ),
    path("intake/", views_intake.intake, name="onestop-intake"),
    path("procedures/lookup/", views_intake.procedure_lookup, name="onestop-procedure-lookup"),
    path("submit/", views_intake.submit, name="onestop-submit"),
    path("mine/", views_intake.my_dossiers, name="onestop-my-dossiers"),
    path("dossiers/<str:code>/", views.dossier_detail, name="onestop-dossier"),
    path(
        "dossiers/<str:code>/personal-data/",
        views.dossier_personal_data,
        name="onestop-dossier-personal-data",
    ),
    path(
        "dossiers/<str:code>/actions/<slug:action>/",
        views.dossier_action,
        name="onestop-dossier-action",
    ),
    path("", include("neuguong.onestop.urls_documents")),
]
