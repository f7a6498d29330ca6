from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.home, name="home"),
    path("sites/", views.project_list, name="list"),
    path("sites/<slug:slug>/", views.project_detail, name="detail"),
]
