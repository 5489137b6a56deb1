package com.example;

import org.apache.commons.lang3.StringUtils;

public class Main {
  public static void main(String[] args) {
    System.out.println(StringUtils.upperCase("version 2"));
  }
}
