from django.urls import path

from tafelrunde.evenings import views

urlpatterns = [
    path("tonight/", views.tonight, name="tonight"),
    path("tonight/outcome/", views.record_outcome, name="tonight-outcome"),
    path("tonight/attempts/<int:pk>/dinner/", views.dinner_form, name="tonight-dinner-form"),
    path("tonight/dinners/<int:pk>/", views.dinner, name="tonight-dinner"),
    path("tonight/dinners/<int:pk>/dinner.ics", views.dinner_calendar, name="tonight-dinner-ics"),
    path("settings/invitations/", views.invitation_settings, name="invitation-settings"),
]
