"""Mounted at /feedback/ by neuguong/urls.py."""

from django.urls import path

from neuguong.feedback import views, views_public

urlpatterns = [
    path("", views.queues, name="feedback-queues"),
    path("items/<int:pk>/", views.item_detail, name="feedback-item"),
    path("items/<int:pk>/<slug:action>/", views.item_action, name="feedback-item-action"),
    path("bulk/", views.bulk_answer, name="feedback-bulk"),
    path("new/", views_public.submit, name="feedback-submit"),
    path("sent/<str:code>/", views_public.sent, name="feedback-sent"),
    path("follow/", views_public.follow, name="feedback-follow"),
    path("mine/", views_public.my_list, name="feedback-my-list"),
    path("follow/<str:code>/", views_public.followed, name="feedback-followed"),
    path(
        "follow/<str:code>/<slug:action>/",
        views_public.followed_action,
        name="feedback-followed-action",
    ),
    path("public/", views_public.public_list, name="feedback-public"),
    path("public/<str:code>/", views_public.public_detail, name="feedback-public-item"),
]
