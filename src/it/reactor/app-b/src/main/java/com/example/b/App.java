package com.example.b;

public class App {
  public static void main(String[] args) {
    System.out.println("b");
  }
}
