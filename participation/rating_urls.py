from django.urls import path

from . import rating_views

app_name = "participation_rating"

urlpatterns = [path("", rating_views.vote, name="vote")]
