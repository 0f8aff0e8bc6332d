from django.http import Http404
from django.shortcuts import render


def cart_detail(request):
    return render(request, "cart/cart_detail.html")


def add(request):
    raise Http404
