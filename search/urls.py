from django.urls import path, re_path

from projects.exports import PATH_PATTERN

from . import views

app_name = "search"

urlpatterns = [
    path("search.json", views.search_json, name="search-json"),
    re_path(r"^search/" + PATH_PATTERN, views.download, name="download"),
]
