"""Document URLs of the one-stop shop (H5b), included by neuguong/onestop/urls.py under /onestop/."""

from django.urls import path

from neuguong.onestop import views_documents

urlpatterns = [
    path(
        "dossiers/<str:code>/documents/<slug:kind>/",
        views_documents.dossier_document,
        name="onestop-document",
    ),
    path("register/", views_documents.register, name="onestop-register"),
]
