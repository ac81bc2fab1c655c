"""The interactive chat: a REPL whose slash commands are the CLI's commands and whose plain requests go to an agent."""
