"""assistant: local text analysis over tables and piles of text: embed, store, cluster, search, and LLM jobs."""
from assistant.core.errors import AssistantError
from assistant.core.settings import Settings
from assistant.facade import Assistant

__all__ = ["Assistant", "AssistantError", "Settings"]
__version__ = "0.1.0"
