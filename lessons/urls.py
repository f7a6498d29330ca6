from django.urls import path

from . import views

app_name = "lessons"

urlpatterns = [
    path("", views.lesson_list, name="list"),
    path("practice/<slug:slug>/", views.practice_detail, name="practice"),
    path("<slug:slug>/", views.lesson_detail, name="detail"),
]
