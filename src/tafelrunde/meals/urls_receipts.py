from django.urls import path

from tafelrunde.meals import views_receipts

urlpatterns = [
    path("<int:pk>/receipt.pdf", views_receipts.meal_receipt, name="meal-receipt"),
    path("expenses.csv", views_receipts.meal_expenses_csv, name="meal-expenses"),
    path("expenses/", views_receipts.meal_expenses_form, name="meal-expenses-form"),
]
