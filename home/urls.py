"""Citizen-facing routes that are not pages of the tree; included before Wagtail's catch-all (portal/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("tim-kiem/", views.search_view, name="search"),
    path("don-vi-cua-toi/", views.my_unit_view, name="my_unit"),
]
