from django.urls import path

from . import views

app_name = "prisoners"
urlpatterns = [
    path("", views.request_books, name="request"),
    path("thanks/<str:reference>/", views.thanks, name="thanks"),
]
