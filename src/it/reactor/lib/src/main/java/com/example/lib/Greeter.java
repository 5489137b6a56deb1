package com.example.lib;

public final class Greeter {
  public static String greet(String who) {
    return "Hello, " + who;
  }
}
