package com.example.a;

import com.example.lib.Greeter;

public class App {
  public static void main(String[] args) {
    System.out.println(Greeter.greet("a"));
  }
}
