"""Staff and citizen pages of the one-stop shop, mounted at /onestop/.

The document pages (slips, register) come from H5b's urls_documents.py, included here.
"""

from django.urls import include, path

from neuguong.onestop import views, views_catalogue, views_citizen, views_intake

urlpatterns = [
    path("", views.queues, name="onestop-queues"),
    path("search/", views.search, name="onestop-search"),
    path("catalogue/import/", views_catalogue.catalogue_import, name="onestop-catalogue-import"),
    path("intake/", views_intake.intake, name="onestop-intake"),
    path("procedures/lookup/", views_intake.procedure_lookup, name="onestop-procedure-lookup"),
    path(
        "procedures/checklist/",
        views_intake.procedure_checklist,
        name="onestop-procedure-checklist",
    ),
    path("submit/", views_intake.submit, name="onestop-submit"),
    path("mine/", views_citizen.my_dossiers, name="onestop-my-dossiers"),
    path("mine/<str:code>/", views_citizen.dossier_citizen, name="onestop-citizen-dossier"),
    path(
        "mine/<str:code>/supplement/",
        views_citizen.dossier_citizen_supplement,
        name="onestop-citizen-supplement",
    ),
    path(
        "mine/<str:code>/withdraw/",
        views_citizen.dossier_citizen_withdraw,
        name="onestop-citizen-withdraw",
    ),
    path("mine/<str:code>/rate/", views_citizen.dossier_citizen_rate, name="onestop-citizen-rate"),
    # A citizen reaching the staff URL is sent to the citizen view of their own dossier.
    path("dossiers/<str:code>/", views_citizen.dossier_entry, name="onestop-dossier"),
    path(
        "dossiers/<str:code>/personal-data/",
        views.dossier_personal_data,
        name="onestop-dossier-personal-data",
    ),
    path(
        "dossiers/<str:code>/actions/<slug:action>/",
        views_citizen.dossier_action_entry,
        name="onestop-dossier-action",
    ),
    path("", include("neuguong.onestop.urls_documents")),
]
