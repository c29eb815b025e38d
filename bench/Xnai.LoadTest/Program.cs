// The command line lands in the next commit; the engine (LoadRunner) is usable already.
return 0;
