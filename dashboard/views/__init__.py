"""The dashboard's pages, each a script that app.py hands to st.navigation.

They live here rather than in pages/: a pages/ folder beside the entry script makes Streamlit serve
each file as a page of its own (bypassing app.py) to a visitor who opens a page address first.
"""
