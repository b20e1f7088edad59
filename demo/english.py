"""English demo content for `manage.py seed_demo`: Thành phố Tây Ninh and Phường Ninh Sơn publish English.

Turns on `PortalSettings.publish_english` for the two units and gives English names to the city's departments and
to its numbered wards (the general rule would call Phường 1 “1 Ward”). Translates, through wagtail-localize
(`translate_with_localize`), the pages Decree 42/2022 Art. 7(2) asks for in English and a few more: for the city
its home, introduction, history, organisation chart, leadership, contacts and the four articles of its news
section; for the ward its home, introduction, organisation chart and contacts. The snippets those pages show are
translated too: every sub-unit and official of the two units and the city's news categories.

Every string wagtail-localize extracts must have its English text here (a phrase table for the demo text, rules for
the text the demo generates from names, positions and years); an object with a string that has none is left
untranslated and reported, so no Vietnamese reaches an English page. Idempotent: objects that already have an
English translation are skipped, so a second run changes nothing and never overwrites a translator's work.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from demo.organization import CITY_OFFICE_CHILDREN, CITY_OFFICES, LOCAL_OFFICES, head_position
from languages.helpers import is_alias, translate_with_localize
from news.models import NewsArticlePage, NewsCategory
from organization.models import Official, SubUnit
from search.text import fold
from sites.access import english_locale
from sites.blueprint import BLUEPRINT
from sites.models import PortalSettings, Unit
from sites.provisioning import default_english_name

# Units whose English pages citizens see at /en/.
ENGLISH_UNITS = ("tayninh", "ninhson")

# English names of units that have no safe rule (departments), and of numbered wards, where the rule of
# `default_english_name` gives “1 Ward”: the customary form puts the number last.
ENGLISH_UNIT_NAMES = {
    "noivu": ("Phòng Nội vụ", "Office of Home Affairs"),
    "vanhoa": ("Phòng Văn hóa và Thông tin", "Office of Culture and Information"),
    "phuong1": ("Phường 1", "Ward 1"),
    "phuong2": ("Phường 2", "Ward 2"),
    "phuong3": ("Phường 3", "Ward 3"),
    "phuong4": ("Phường IV", "Ward IV"),
}

# Section pages translated per unit (blueprint keys), parents before children.
ENGLISH_SECTIONS = {
    "tayninh": ("intro", "history", "org", "leaders", "contacts", "news"),
    "ninhson": ("intro", "org", "contacts"),
}
# The city's articles translated: those of its news section itself (not of its sub-sections).
ENGLISH_NEWS_SECTION = "news"

LEVEL_WORDS = {"thành phố": "City", "phường": "Ward", "xã": "Commune"}
PLACE_KINDS = (
    ("thị xã ", "Town"),
    ("thành phố ", "City"),
    ("huyện ", "District"),
    ("phường ", "Ward"),
    ("xã ", "Commune"),
    ("tỉnh ", "Province"),
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# --- Fixed text of the demo (demo/units.py, demo/organization.py, demo/news.py) -------------------------------------

PHRASES = {
    # Headings of the introduction pages.
    "Vị trí địa lý": "Location",
    "Diện tích, dân số và đơn vị hành chính": "Area, population and administrative units",
    "Diện tích, dân số và khu phố": "Area, population and neighbourhoods",
    "Kinh tế – xã hội": "Economy and society",
    # Thành phố Tây Ninh.
    "Thành phố Tây Ninh là trung tâm chính trị, kinh tế, văn hóa của tỉnh Tây Ninh, nằm bên rạch Tây Ninh và dưới "
    "chân núi Bà Đen.": (
        "Tay Ninh City is the political, economic and cultural centre of Tay Ninh Province, lying along Tay Ninh "
        "Creek at the foot of Ba Den Mountain."
    ),
    "Thành phố Tây Ninh nằm ở trung tâm tỉnh Tây Ninh, cách Thành phố Hồ Chí Minh khoảng 100 km về phía tây bắc. Phía "
    "bắc giáp huyện Tân Biên và huyện Tân Châu, phía đông giáp huyện Dương Minh Châu, phía nam giáp thị xã Hòa Thành, "
    "phía tây giáp huyện Châu Thành. Rạch Tây Ninh chảy qua trung tâm thành phố; về phía đông bắc là núi Bà Đen, ngọn "
    "núi cao nhất Nam Bộ.": (
        "Tay Ninh City lies in the centre of Tay Ninh Province, about 100 km north-west of Ho Chi Minh City. It "
        "borders Tan Bien and Tan Chau districts to the north, Duong Minh Chau District to the east, Hoa Thanh Town "
        "to the south and Chau Thanh District to the west. Tay Ninh Creek flows through the city centre, and to the "
        "north-east rises Ba Den Mountain, the highest peak in southern Vietnam."
    ),
    "Thành phố có diện tích tự nhiên khoảng 140 km² và dân số hơn 130.000 người. Thành phố gồm 7 phường (Phường 1, "
    "Phường 2, Phường 3, Phường IV, Hiệp Ninh, Ninh Sơn, Ninh Thạnh) và 3 xã (Bình Minh, Tân Bình, Thạnh Tân), được "
    "thành lập cuối năm 2013 trên cơ sở toàn bộ thị xã Tây Ninh.": (
        "The city covers a natural area of about 140 km² and has a population of more than 130,000. It comprises "
        "seven wards (Ward 1, Ward 2, Ward 3, Ward IV, Hiep Ninh, Ninh Son and Ninh Thanh) and three communes (Binh "
        "Minh, Tan Binh and Thanh Tan). It was established at the end of 2013 from the whole of the former Tay Ninh "
        "Town."
    ),
    "Thương mại, dịch vụ và du lịch là thế mạnh của thành phố, gắn với Khu du lịch quốc gia Núi Bà Đen và các trục "
    "đường Cách Mạng Tháng Tám, 30/4, Điện Biên Phủ. Các xã ven đô phát triển nông nghiệp đô thị, trồng cây ăn trái, "
    "rau an toàn và chăn nuôi theo hướng tập trung.": (
        "Trade, services and tourism are the city's strengths, built around the Ba Den Mountain National Tourist Area "
        "and the Cach Mang Thang Tam, 30/4 and Dien Bien Phu thoroughfares. The communes on the edge of the city "
        "practise urban agriculture, growing fruit and safe vegetables and raising livestock on concentrated farms."
    ),
    # Phường Ninh Sơn.
    "Phường Ninh Sơn nằm ở phía đông bắc Thành phố Tây Ninh, trên trục đường Bời Lời dẫn lên Khu du lịch quốc gia Núi "
    "Bà Đen.": (
        "Ninh Son Ward lies in the north-east of Tay Ninh City, on Boi Loi Street, the road to the Ba Den Mountain "
        "National Tourist Area."
    ),
    "Phường Ninh Sơn nằm ở phía đông bắc Thành phố Tây Ninh, giáp phường Hiệp Ninh, phường Ninh Thạnh, xã Thạnh Tân "
    "và xã Tân Bình. Đường Bời Lời và đường Điện Biên Phủ là hai trục giao thông chính, nối trung tâm thành phố với "
    "khu vực núi Bà Đen.": (
        "Ninh Son Ward lies in the north-east of Tay Ninh City and borders Hiep Ninh Ward, Ninh Thanh Ward, Thanh Tan "
        "Commune and Tan Binh Commune. Boi Loi Street and Dien Bien Phu Street are its two main roads, linking the "
        "city centre with the Ba Den Mountain area."
    ),
    "Phường có diện tích tự nhiên khoảng 20 km², dân số khoảng 19.000 người, chia thành 7 khu phố. Bên cạnh các khu "
    "dân cư đô thị, phường còn diện tích lớn trồng cây ăn trái, mãng cầu và rau màu.": (
        "The ward has a natural area of about 20 km² and a population of about 19,000, organised in seven "
        "neighbourhoods. Besides its urban residential areas, it still has large areas of orchards, custard-apple "
        "groves and vegetable fields."
    ),
    "Dịch vụ phục vụ du khách đến núi Bà Đen, thương mại và nông nghiệp đô thị là các ngành chính. Phường đang đẩy "
    "mạnh chuyển đổi số trong giải quyết thủ tục hành chính và xây dựng khu phố an toàn về an ninh, trật tự.": (
        "Its main sectors are services for visitors to Ba Den Mountain, trade and urban agriculture. The ward is "
        "stepping up digital transformation in the handling of administrative procedures and working to keep every "
        "neighbourhood safe and orderly."
    ),
    # The city's history.
    "Phủ Tây Ninh ra đời": "Tay Ninh Prefecture is founded",
    "Vua Minh Mạng cho lập phủ Tây Ninh thuộc tỉnh Gia Định; vùng đất ven rạch Tây Ninh trở thành lỵ sở.": (
        "Emperor Minh Mang establishes Tay Ninh Prefecture in Gia Dinh Province; the land along Tay Ninh Creek "
        "becomes its seat."
    ),
    "Thị xã Tây Ninh hình thành": "Tay Ninh Town takes shape",
    "Chính quyền thuộc địa lập tỉnh Tây Ninh, lấy khu vực chợ và dinh tỉnh làm trung tâm hành chính.": (
        "The colonial administration creates Tay Ninh Province, with the market and the governor's residence as its "
        "administrative centre."
    ),
    "Giải phóng": "Liberation",
    "Ngày 30/4/1975 thị xã Tây Ninh hoàn toàn giải phóng; chính quyền cách mạng được thành lập ở các phường, xã.": (
        "On 30 April 1975 Tay Ninh Town is completely liberated; revolutionary administrations are set up in its "
        "wards and communes."
    ),
    "Thành lập Thành phố Tây Ninh": "Tay Ninh City is established",
    "Ngày 29/12/2013, Chính phủ ban hành Nghị quyết thành lập Thành phố Tây Ninh trên cơ sở toàn bộ thị xã Tây Ninh.": (
        "On 29 December 2013 the Government adopts a resolution establishing Tay Ninh City from the whole of Tay Ninh "
        "Town."
    ),
    "Sắp xếp chính quyền địa phương hai cấp": "Two-tier local government",
    "Các phường, xã của thành phố vận hành theo mô hình chính quyền địa phương hai cấp, hệ thống cổng thông tin điện "
    "tử thống nhất.": (
        "The city's wards and communes work under the two-tier local government model, with a single system of web "
        "portals."
    ),
    # Contacts.
    "Sáng: 7 giờ 00 – 11 giờ 30; chiều: 13 giờ 30 – 17 giờ 00, từ thứ Hai đến thứ Sáu.": (
        "Monday to Friday, 7:00 – 11:30 and 13:30 – 17:00."
    ),
    "Bộ phận một cửa làm việc thêm sáng thứ Bảy.": "The one-stop service desk is also open on Saturday mornings.",
    # The city's offices and their functions.
    "Văn phòng HĐND và UBND thành phố": "Office of the City People's Council and People's Committee",
    "Tham mưu, tổng hợp, giúp HĐND và UBND thành phố điều hành chung; bảo đảm điều kiện hoạt động; kiểm soát thủ tục "
    "hành chính; quản lý Cổng thông tin điện tử thành phố.": (
        "Advises and reports to the City People's Council and People's Committee and assists them in their overall "
        "direction; provides their working conditions; controls administrative procedures; runs the city's web portal."
    ),
    "Phòng Nội vụ": "Office of Home Affairs",
    "Tham mưu về tổ chức bộ máy, vị trí việc làm, biên chế, cán bộ, công chức, viên chức; cải cách hành chính; thi "
    "đua, khen thưởng; tôn giáo; công tác thanh niên.": (
        "Advises on organisational structure, job positions, staffing, officials, civil servants and public "
        "employees; administrative reform; emulation and commendation; religious affairs; youth affairs."
    ),
    "Phòng Tài chính – Kế hoạch": "Office of Finance and Planning",
    "Tham mưu về tài chính, ngân sách, kế hoạch và đầu tư; đăng ký hộ kinh doanh, hợp tác xã; thẩm định dự án đầu tư "
    "công trên địa bàn.": (
        "Advises on finance, the budget, planning and investment; registers household businesses and cooperatives; "
        "appraises public investment projects in the city."
    ),
    "Phòng Quản lý đô thị": "Office of Urban Management",
    "Tham mưu về quy hoạch xây dựng, kiến trúc, phát triển đô thị, hạ tầng kỹ thuật, giao thông, nhà ở; cấp giấy phép "
    "xây dựng theo phân cấp.": (
        "Advises on construction planning, architecture, urban development, technical infrastructure, transport and "
        "housing; issues building permits within its delegated powers."
    ),
    "Phòng Tài nguyên và Môi trường": "Office of Natural Resources and Environment",
    "Tham mưu về đất đai, tài nguyên nước, khoáng sản, môi trường, biến đổi khí hậu; giải quyết thủ tục đăng ký đất "
    "đai theo thẩm quyền.": (
        "Advises on land, water resources, minerals, the environment and climate change; handles land registration "
        "procedures within its competence."
    ),
    "Phòng Văn hóa và Thông tin": "Office of Culture and Information",
    "Tham mưu về văn hóa, gia đình, thể dục thể thao, du lịch, thông tin và truyền thông, chuyển đổi số; theo dõi hệ "
    "thống truyền thanh cơ sở.": (
        "Advises on culture, family affairs, physical education and sports, tourism, information and communications, "
        "and digital transformation; oversees the local public-address radio network."
    ),
    "Phòng Giáo dục và Đào tạo": "Office of Education and Training",
    "Tham mưu về giáo dục mầm non, tiểu học, trung học cơ sở; quản lý chất lượng giáo dục, đội ngũ nhà giáo và cơ sở "
    "vật chất trường học.": (
        "Advises on preschool, primary and lower secondary education; manages the quality of education, the teaching "
        "staff and school facilities."
    ),
    "Phòng Y tế": "Office of Health",
    "Tham mưu về y tế dự phòng, khám bệnh, chữa bệnh, an toàn thực phẩm, dân số và bảo hiểm y tế trên địa bàn thành "
    "phố.": (
        "Advises on preventive medicine, medical examination and treatment, food safety, population and health "
        "insurance in the city."
    ),
    "Phòng Tư pháp": "Office of Justice",
    "Tham mưu về xây dựng, kiểm tra văn bản quy phạm pháp luật, phổ biến giáo dục pháp luật, hộ tịch, chứng thực, hòa "
    "giải ở cơ sở và trợ giúp pháp lý.": (
        "Advises on drafting and reviewing legal documents, legal education and awareness, civil registration, "
        "certification, community mediation and legal aid."
    ),
    "Thanh tra thành phố": "City Inspectorate",
    "Tham mưu về công tác thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo và phòng, chống tham nhũng, "
    "tiêu cực.": (
        "Advises on inspection, receiving citizens, settling complaints and denunciations, and preventing and "
        "combating corruption and misconduct."
    ),
    "Bộ phận Tiếp nhận và Trả kết quả": "One-Stop Service Desk",
    "Tiếp nhận hồ sơ, trả kết quả thủ tục hành chính theo cơ chế một cửa, một cửa liên thông; hướng dẫn người dân nộp "
    "hồ sơ trực tuyến.": (
        "Receives applications and returns the results of administrative procedures through the one-stop and "
        "inter-agency one-stop systems; helps citizens apply online."
    ),
    "Ban Tiếp công dân thành phố": "City Citizen Reception Office",
    "Tiếp công dân thường xuyên; chuẩn bị và phục vụ lịch tiếp công dân định kỳ của Chủ tịch UBND thành phố.": (
        "Receives citizens every working day; prepares and supports the regular citizen reception sessions of the "
        "Chairperson of the City People's Committee."
    ),
    # The offices of a ward or commune (their names are generated per level, see `local_office_names`).
    "Phòng Kinh tế, Hạ tầng và Đô thị": "Office of Economy, Infrastructure and Urban Affairs",
    "Phòng Văn hóa – Xã hội": "Office of Culture and Social Affairs",
    "Tham mưu, tổng hợp, giúp HĐND và UBND điều hành chung; văn thư, lưu trữ; quản lý cổng thông tin điện tử; theo "
    "dõi công tác cải cách hành chính.": (
        "Advises and reports to the People's Council and People's Committee and assists them in their overall "
        "direction; keeps correspondence and archives; runs the web portal; monitors administrative reform."
    ),
    "Tham mưu về kinh tế, tài chính, ngân sách, xây dựng, giao thông, trật tự đô thị, đất đai, tài nguyên và môi "
    "trường.": (
        "Advises on the economy, finance, the budget, construction, transport, urban order, land, natural resources "
        "and the environment."
    ),
    "Tham mưu về văn hóa, thông tin, thể thao, giáo dục, y tế, lao động, việc làm, bảo trợ xã hội và chính sách người "
    "có công.": (
        "Advises on culture, information, sports, education, health, labour, employment, social protection and "
        "support for people who rendered services to the revolution."
    ),
    "Tiếp nhận, giải quyết và trả kết quả thủ tục hành chính; hỗ trợ người dân sử dụng dịch vụ công trực tuyến và "
    "thanh toán trực tuyến.": (
        "Receives and processes administrative procedures and returns their results; helps citizens use online public "
        "services and pay online."
    ),
    # Leaders: duties and the former leader's note (biographies follow rules, see `leader_rules`).
    "Giúp Chủ tịch phụ trách kinh tế, tài chính, ngân sách, đô thị, đất đai, môi trường; Trưởng Ban Biên tập cổng "
    "thông tin điện tử; người phát ngôn của UBND.": (
        "Assists the Chairperson with responsibility for the economy, finance, the budget, urban affairs, land and "
        "the environment; heads the editorial board of the web portal; spokesperson of the People's Committee."
    ),
    "Giúp Chủ tịch phụ trách văn hóa, xã hội, giáo dục, y tế, lao động, chính sách xã hội, chuyển đổi số và cải cách "
    "hành chính.": (
        "Assists the Chairperson with responsibility for culture, social affairs, education, health, labour, social "
        "policy, digital transformation and administrative reform."
    ),
    "Giữ chức vụ trong nhiệm kỳ 2016 – 2021; nay đã nghỉ hưu theo chế độ.": (
        "Held office during the 2016–2021 term; now retired."
    ),
    # News categories.
    "Kinh tế": "Economy",
    "Văn hóa – Xã hội": "Culture and Society",
    "An ninh – Trật tự": "Security and Public Order",
    "Cải cách hành chính": "Administrative Reform",
    # The city's news: “Thành phố Tây Ninh đón nhận danh hiệu đô thị văn minh năm 2026”.
    "Thành phố Tây Ninh đón nhận danh hiệu đô thị văn minh năm 2026": (
        "Tay Ninh City receives the title of Civilised Urban Area for 2026"
    ),
    "Tối 15/5, Thành phố Tây Ninh long trọng tổ chức lễ đón nhận danh hiệu đô thị văn minh, ghi nhận nỗ lực chỉnh "
    "trang đô thị và xây dựng nếp sống văn minh của Nhân dân.": (
        "On the evening of 15 May, Tay Ninh City held a ceremony to receive the title of Civilised Urban Area, in "
        "recognition of its residents' efforts to improve the city and build a civilised way of life."
    ),
    "Sau 5 năm triển khai chương trình, thành phố đã chỉnh trang 42 tuyến đường, xây dựng hệ thống bờ kè rạch Tây "
    "Ninh và 12 công viên, vườn hoa.": (
        "In the five years of the programme, the city has upgraded 42 streets and built the Tay Ninh Creek embankment "
        "and 12 parks and flower gardens."
    ),
    "Danh hiệu là thành quả của mỗi người dân thành phố.": "This title belongs to every resident of our city.",
    "Phát biểu tại buổi lễ, lãnh đạo thành phố cảm ơn sự đồng hành của các tầng lớp Nhân dân và đề nghị các phường, "
    "xã tiếp tục giữ vững các tiêu chí đã đạt được.": (
        "Speaking at the ceremony, the city's leaders thanked people from all walks of life for their support and "
        "called on the wards and communes to maintain the standards they have achieved."
    ),
    # “Khởi công dự án nâng cấp đường Cách Mạng Tháng Tám”.
    "Khởi công dự án nâng cấp đường Cách Mạng Tháng Tám": "Work begins on upgrading Cach Mang Thang Tam Street",
    "Dự án có tổng vốn hơn 180 tỷ đồng, dự kiến hoàn thành sau 18 tháng, giúp giảm ùn tắc tại cửa ngõ phía nam thành "
    "phố.": (
        "The project, with a total investment of more than VND 180 billion, is due to be completed in 18 months and "
        "will ease congestion at the city's southern gateway."
    ),
    "Tuyến đường được mở rộng lên 30 m, có dải phân cách, vỉa hè lát đá, hệ thống chiếu sáng và thoát nước đồng bộ.": (
        "The street will be widened to 30 m, with a central reservation, stone-paved pavements and new lighting and "
        "drainage throughout."
    ),
    "Trong thời gian thi công, người tham gia giao thông chú ý các biển báo hướng dẫn phân luồng.": (
        "During the works, road users are asked to follow the diversion signs."
    ),
    # “Du lịch núi Bà Đen đón hơn 1 triệu lượt khách trong 5 tháng đầu năm”.
    "Du lịch núi Bà Đen đón hơn 1 triệu lượt khách trong 5 tháng đầu năm": (
        "Ba Den Mountain welcomes over one million visitors in the first five months of the year"
    ),
    "Báo Tây Ninh": "Tay Ninh Newspaper",
    "Khu du lịch quốc gia Núi Bà Đen tiếp tục là điểm đến hấp dẫn, góp phần tăng doanh thu thương mại – dịch vụ của "
    "thành phố.": (
        "The Ba Den Mountain National Tourist Area remains a popular destination and is raising the city's revenue "
        "from trade and services."
    ),
    "Các dịch vụ lưu trú, ăn uống và vận chuyển trên địa bàn thành phố tăng trưởng mạnh nhờ lượng khách tham quan, "
    "hành hương.": (
        "Accommodation, restaurants and transport in the city have grown strongly thanks to the number of sightseers "
        "and pilgrims."
    ),
    # “Thành phố tổng kết chuyển đổi số năm 2025, triển khai nhiệm vụ năm 2026”.
    "Thành phố tổng kết chuyển đổi số năm 2025, triển khai nhiệm vụ năm 2026": (
        "City reviews its digital transformation in 2025 and sets its tasks for 2026"
    ),
    "100% phường, xã có cổng thông tin điện tử thành phần; tỷ lệ hồ sơ trực tuyến toàn trình đạt 65%.": (
        "Every ward and commune now has its own web portal, and 65% of applications are handled entirely online."
    ),
    "Năm 2026, thành phố tập trung số hóa hồ sơ, kết quả giải quyết thủ tục hành chính và phát triển các tiện ích cho "
    "người dân trên nền tảng số.": (
        "In 2026 the city will concentrate on digitising application files and the results of administrative "
        "procedures, and on developing digital services for residents."
    ),
    # Photo credit when the article has no photographer.
    "Ban Biên tập": "Editorial Board",
    # The information focal points (demo/information_requests.py).
    "Chuyên viên Văn phòng HĐND và UBND thành phố": "Officer, City People's Council and People's Committee Office",
    "Công chức Văn phòng – Thống kê": "Office and Statistics Officer",
}

# Tags of the translated articles (taggit tags are not translatable fields: they are set on the English page).
TAGS = {
    "đô thị văn minh": "civilised urban area",
    "chỉnh trang đô thị": "urban improvement",
    "giao thông": "transport",
    "đầu tư công": "public investment",
    "du lịch": "tourism",
    "núi Bà Đen": "Ba Den Mountain",
    "chuyển đổi số": "digital transformation",
    "cải cách hành chính": "administrative reform",
}

# Fields whose text is a person's name, a phone number or a year: the same in English (“name” only for people).
SAME_IN_ENGLISH = frozenset({"phone", "author", "photographer", "year"})
PEOPLE_FIELDS = SAME_IN_ENGLISH | {"name"}
# The English of the title in front of an office's name in its head's position (demo.organization.head_position).
HEAD_TITLES = (
    ("Chánh Văn phòng", "Chief of the "),
    ("Chánh Thanh tra", "Chief Inspector of the "),
    ("Giám đốc", "Director of the "),
    ("Trưởng", "Head of the "),
)


# --- Names of places, units and positions -----------------------------------------------------------------------------


def place_in_english(name: str) -> str:
    """“phường Hiệp Ninh” → “Hiep Ninh Ward”, “Phường 3” → “Ward 3”, “thị xã Hòa Thành” → “Hoa Thanh Town”."""
    lowered = name.lower()
    for prefix, word in PLACE_KINDS:
        if lowered.startswith(prefix):
            proper = fold(name[len(prefix) :], keep_case=True).strip()
            numbered = proper.isdigit() or re.fullmatch(r"[IVX]+", proper)
            return f"{word} {proper}" if numbered else f"{proper} {word}"
    return fold(name, keep_case=True)


def unit_english_name(unit: Unit) -> str:
    return unit.name_en or default_english_name(unit.kind, unit.name) or fold(unit.name, keep_case=True)


def local_office_names() -> dict[str, str]:
    """Offices of a ward or commune, named after the level (demo.organization.offices_for)."""
    names = {}
    for place, level in (("phường", "Ward"), ("xã", "Commune")):
        names[f"Văn phòng HĐND và UBND {place}"] = f"Office of the {level} People's Council and People's Committee"
        names[f"Trung tâm Phục vụ hành chính công {place}"] = f"{level} Public Administration Service Centre"
    return names


@functools.cache
def office_names() -> dict[str, str]:
    """English names of the offices the organisation demo creates (demo.organization), by Vietnamese name."""
    children = [child for offices in CITY_OFFICE_CHILDREN.values() for child in offices]
    names = {name: PHRASES[name] for name, _functions in (*CITY_OFFICES, *LOCAL_OFFICES, *children) if name in PHRASES}
    return {**names, **local_office_names()}


CHAIR = re.compile(r"^(?P<vice>Phó )?Chủ tịch UBND (?P<level>thành phố|phường|xã)(?: (?P<place>.+))?$", re.IGNORECASE)


def position_in_english(position: str) -> str | None:
    """“Phó Chủ tịch UBND phường Ninh Sơn” → “Vice Chairperson of the Ninh Son Ward People's Committee”;
    “Trưởng phòng Nội vụ” → “Head of the Office of Home Affairs”. None when there is no rule."""
    match = CHAIR.match(position)
    if match:
        place = f"{fold(match['place'], keep_case=True)} " if match["place"] else ""
        level = LEVEL_WORDS[match["level"].lower()]
        return f"{'Vice ' if match['vice'] else ''}Chairperson of the {place}{level} People's Committee"
    for office, english_office in office_names().items():
        if head_position(office) == position:
            return next(english for title, english in HEAD_TITLES if position.startswith(title)) + english_office
    return None


# --- Phrasebook: the English of every string of one unit's pages and snippets -----------------------------------------


Rule = Callable[[re.Match], str | None]


@dataclass
class Phrasebook:
    """English for the strings of one unit: fixed phrases, phrases generated from the unit's name, and rules."""

    unit: Unit
    phrases: dict[str, str] = field(default_factory=dict)
    rules: list[tuple[re.Pattern, Rule]] = field(default_factory=list)

    @classmethod
    def for_unit(cls, unit: Unit) -> Phrasebook:
        name, english = unit.name, unit_english_name(unit)
        level_vi, level_en = {"city": ("thành phố", "City"), "commune": ("xã", "Commune")}.get(
            unit.kind, ("phường", "Ward")
        )
        book = cls(unit)
        book.phrases = {
            **PHRASES,
            **local_office_names(),
            name: english,
            f"Tổng quan về {name}: vị trí địa lý, diện tích, dân cư, tổ chức và định hướng phát triển.": (
                f"An overview of {english}: its location, area, population, organisation and development priorities."
            ),
            f"Quá trình hình thành và phát triển của {name} qua các mốc chính.": (
                f"The formation and development of {english} through its key milestones."
            ),
            f"Trải qua nhiều giai đoạn lịch sử, Đảng bộ và Nhân dân {name} đã đoàn kết, vượt qua khó khăn, xây "
            "dựng quê hương ngày càng giàu đẹp, văn minh.": (
                f"Through many periods of history, the Party Committee and the people of {english} have stood "
                "together, overcome hardship and built an ever more prosperous, beautiful and civilised homeland."
            ),
            f"Thông tin liên hệ của {name} và cán bộ đầu mối.": (
                f"Contact details of {english} and of its designated contact officials."
            ),
            f"Lãnh đạo, điều hành chung mọi hoạt động của UBND {level_vi}; trực tiếp phụ trách công tác nội chính, "
            "quốc phòng, an ninh, tổ chức bộ máy, cán bộ, thi đua khen thưởng và tiếp công dân.": (
                f"Leads and directs all the work of the {level_en} People's Committee; directly responsible for "
                "internal affairs, defence, security, organisation and personnel, emulation and commendation, and "
                "receiving citizens."
            ),
        }
        book.rules = [
            (re.compile(r"^Ảnh minh họa: (.+)$"), lambda m: book.prefixed("Illustration: ", m[1])),
            (re.compile(r"^Quang cảnh: (.+)$"), lambda m: book.prefixed("Scene: ", m[1])),
            (re.compile(r"^(?:Phó )?Chủ tịch UBND .+$", re.IGNORECASE), lambda m: position_in_english(m[0])),
            (re.compile(r"^(?:Chánh |Giám đốc |Trưởng phòng ).+$"), lambda m: position_in_english(m[0])),
            (
                re.compile(
                    r"^Sinh năm (\d{4}), quê quán tỉnh Tây Ninh\. Trình độ chuyên môn: Thạc sĩ Quản lý công; lý luận "
                    r"chính trị: Cao cấp\.$"
                ),
                lambda m: (
                    f"Born in {m[1]} in Tay Ninh Province. Master of Public Administration; advanced "
                    "diploma in political theory."
                ),
            ),
            (
                re.compile(
                    r"^Trải qua các vị trí công tác tại UBND các phường, xã và các phòng chuyên môn của thành phố "
                    r"trước khi giữ chức vụ (.+) từ tháng (\d{1,2})/(\d{4})\.$"
                ),
                lambda m: book.took_office(m[1], int(m[2]), m[3]),
            ),
            (
                re.compile(
                    r"^Bản đồ địa giới hành chính (.+): phía bắc giáp (.+), phía nam giáp (.+), phía đông giáp (.+), "
                    r"phía tây giáp (.+)\.$"
                ),
                lambda m: (
                    f"Administrative boundary map of {book.phrases.get(m[1], place_in_english(m[1]))}: bordered by "
                    f"{place_in_english(m[2])} to the north, {place_in_english(m[3])} to the south, "
                    f"{place_in_english(m[4])} to the east and {place_in_english(m[5])} to the west."
                ),
            ),
            (
                re.compile(r"^Niên giám thống kê (.+) năm (\d{4})$"),
                # The yearbook itself is in Vietnamese: the English link says so.
                lambda m: (
                    f"{book.phrases.get(m[1], place_in_english(m[1]))} Statistical Yearbook {m[2]} (in Vietnamese)"
                ),
            ),
        ]
        return book

    def prefixed(self, prefix: str, text: str) -> str | None:
        english = self.phrases.get(text)
        return prefix + english if english else None

    def took_office(self, position: str, month: int, year: str) -> str | None:
        english = position_in_english(position)
        if english is None or not 1 <= month <= 12:
            return None
        return (
            "Held posts in the People's Committees of the city's wards and communes and in the city's specialised "
            f"offices before becoming {english} in {MONTHS[month - 1]} {year}."
        )

    def english(self, text: str, path: str, same: frozenset[str] = SAME_IN_ENGLISH) -> str | None:
        """The English of one string wagtail-localize extracted at `path` (“body.<uuid>.text”), or None.

        Strings of the fields in `same` (names, phone numbers, years) stay as they are.
        """
        last = path.rsplit(".", 1)[-1]
        if last in same:
            return text
        if text in self.phrases:
            return self.phrases[text]
        if last == "credit":  # a photographer's name, or “Ban Biên tập”
            return text
        if "<br/>" in text:  # a multi-line text field: line by line
            lines = [self.english(line, path, same) for line in text.split("<br/>")]
            return None if None in lines else "<br/>".join(lines)
        for pattern, rule in self.rules:
            match = pattern.match(text)
            if match:
                return rule(match)
        return None


# --- Translation through wagtail-localize -----------------------------------------------------------------------------


def source_strings(instance) -> list[tuple[str, str]]:
    """(path, text) of every string wagtail-localize extracts from the instance, as its TranslationSource will store
    them (extracted here without writing to the database: `translate_with_localize` does that once)."""
    instance = instance.specific if isinstance(instance, Page) else instance
    return [(s.path, s.string.data) for s in extract_segments(instance) if isinstance(s, StringSegmentValue)]


def english_strings(instance, book: Phrasebook, slug: str = "") -> tuple[dict[str, str], list[str]]:
    """({source string: English}, strings without English) for the instance; `slug` is the English slug."""
    same = PEOPLE_FIELDS if isinstance(instance, Official) else SAME_IN_ENGLISH
    english, missing = {}, []
    for path, text in source_strings(instance):
        value = slug if path == "slug" and slug else book.english(text, path, same)
        if value:
            english[text] = value
        else:
            missing.append(text)
    return english, missing


def has_localize_translation(instance) -> bool:
    translations = Translation.objects.filter(source__object_id=instance.translation_key)
    return translations.filter(target_locale=english_locale()).exists()


def is_translated(instance) -> bool:
    """Already in English: a wagtail-localize translation, or an English page or snippet made another way (not an
    alias, nor the untranslated English home that provisioning creates)."""
    if has_localize_translation(instance):
        return True
    translation = instance.get_translation_or_none(english_locale())
    if translation is None:
        return False
    return not (isinstance(translation, Page) and is_alias(translation)) and getattr(instance, "depth", 0) != 2


@dataclass
class Outcome:
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def add(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1


def translate(instance, book: Phrasebook, outcome: Outcome, kind: str, slug: str = ""):
    """Translate one page or snippet unless it is already in English; the English instance, or None."""
    if is_translated(instance):
        return None
    english, missing = english_strings(instance, book, slug)
    if missing:
        outcome.skipped.append(f"{instance}: {len(missing)} chuỗi chưa có bản tiếng Anh ({missing[0]!r}…)")
        return None
    outcome.add(kind)
    return translate_with_localize(instance, english)


def page_slug(page, book: Phrasebook, section_key: str | None = None) -> str:
    if page.depth == 2:
        home = page.get_translation_or_none(english_locale())
        return home.slug if home else f"{page.slug}-en"
    if section_key:
        return BLUEPRINT.get(section_key).slug_en
    slug = slugify(book.english(page.title, "title") or "")
    return slug if len(slug) <= 80 else slug[:81].rsplit("-", 1)[0]  # whole words


def translate_page(page, book: Phrasebook, outcome: Outcome, section_key: str | None = None):
    page = page.specific
    if section_key:
        # Section titles follow the blueprint, as the menus and the translation status report name them.
        book.phrases.setdefault(page.title, BLUEPRINT.get(section_key).title_en)
    return translate(page, book, outcome, "trang", slug=page_slug(page, book, section_key))


def translate_sub_units(unit: Unit, book: Phrasebook, outcome: Outcome) -> list:
    """Parents before children (the English child points to the English parent); returns the new ones."""
    pending = list(SubUnit.objects.filter(unit=unit, locale=unit.home_page.locale).order_by("sort_order", "pk"))
    created, done = [], set()
    while pending:
        ready = [s for s in pending if s.parent_id is None or s.parent_id in done]
        if not ready:
            break
        for sub_unit in ready:
            pending.remove(sub_unit)
            done.add(sub_unit.pk)
            if translate(sub_unit, book, outcome, "đơn vị trực thuộc") is not None:
                created.append(sub_unit)
    return created


def translate_organisation(unit: Unit, book: Phrasebook, outcome: Outcome) -> None:
    """Every sub-unit and official of the unit: an English page lists English rows only once one exists."""
    new_sub_units = translate_sub_units(unit, book, outcome)
    for official in Official.objects.filter(unit=unit, locale=unit.home_page.locale).order_by("sort_order", "pk"):
        translate(official, book, outcome, "cán bộ")
    for sub_unit in new_sub_units:
        if sub_unit.head_id:
            # The head was translated after its office: point the English office to the English head.
            translate_with_localize(sub_unit, english_strings(sub_unit, book)[0])


def translate_news(unit: Unit, book: Phrasebook, outcome: Outcome) -> None:
    for category in NewsCategory.objects.filter(unit=unit, locale=unit.home_page.locale):
        slug = slugify(book.english(category.name, "name") or "")
        translate(category, book, outcome, "chủ đề tin", slug=slug)
    section = unit.sections.filter(key=ENGLISH_NEWS_SECTION).select_related("page").first()
    if section is None:
        return
    for article in NewsArticlePage.objects.child_of(section.page).order_by("path"):
        translated = translate_page(article, book, outcome)
        if translated is not None:
            english_tags = [TAGS.get(tag.name) for tag in article.tags.all()]
            if english_tags and None not in english_tags:
                page = NewsArticlePage.objects.get(pk=translated.pk)  # fresh: the tags are a cluster relation
                page.tags.set(english_tags)
                page.save_revision().publish()


def translate_unit(unit: Unit) -> Outcome:
    """The unit's home, its English sections and the snippets they show."""
    outcome = Outcome()
    book = Phrasebook.for_unit(unit)
    book.phrases[unit.home_page.title] = unit_english_name(unit)
    translate_page(unit.home_page, book, outcome)
    translate_organisation(unit, book, outcome)
    sections = {row.key: row.page for row in unit.sections.select_related("page")}
    for key in ENGLISH_SECTIONS.get(unit.slug, ()):
        if key in sections:
            translate_page(sections[key], book, outcome, section_key=key)
    if unit.kind == "city":
        translate_news(unit, book, outcome)
    return outcome


# --- Unit names and settings ---------------------------------------------------------------------------------------


def load_english_names(units: dict[str, Unit]) -> list[str]:
    lines = []
    for slug, (name, english) in ENGLISH_UNIT_NAMES.items():
        unit = units.get(slug)
        # Only an empty name or the generated one is replaced: never an English name an administrator chose.
        if unit is None or unit.name != name or unit.name_en not in ("", default_english_name(unit.kind, unit.name)):
            continue
        if unit.name_en == english:
            continue
        unit.name_en = english
        unit.save(update_fields=["name_en"])
        lines.append(f"{unit.name}: tên tiếng Anh “{english}”")
    return lines


# The unit details English pages show (PortalSettings' English fields); people's names keep their Vietnamese spelling.
ENGLISH_DETAILS = {
    "tayninh": {
        "tagline_en": "Official information from the People's Committee of Tay Ninh City",
        "licence_en": "Licence No. 05/GP-TTĐT issued by the Tay Ninh Department of Information and Communications "
        "on 12 March 2024",
        "address_en": "01 Tran Hung Dao Street, Ward 2, Tay Ninh City, Tay Ninh Province",
        "responsible_person_en": "Nguyễn Hoàng Phúc – Vice Chairperson of the City People's Committee, Head of the "
        "Editorial Board",
    },
    "ninhson": {
        "tagline_en": "Ninh Son Ward – the gateway to Ba Den Mountain National Tourist Area",
        "licence_en": "Licence No. 16/GP-TTĐT issued by the Tay Ninh Department of Information and Communications "
        "on 5 April 2024",
        "address_en": "265 Boi Loi Street, Ninh Phu Quarter, Ninh Son Ward, Tay Ninh City",
        "responsible_person_en": "Trần Thị Ngọc Bích – Vice Chairperson of the Ninh Son Ward People's Committee",
    },
}


def load_english_settings(unit: Unit) -> list[str]:
    """Publish English and give the unit's English details; a field an administrator filled is never overwritten."""
    portal_settings = PortalSettings.for_site(unit.site)
    lines = []
    if not portal_settings.publish_english:
        portal_settings.publish_english = True
        lines.append(f"{unit.name}: công bố phiên bản tiếng Anh tại /en/")
    details = ENGLISH_DETAILS.get(unit.slug, {})
    blank = [name for name in details if not getattr(portal_settings, name)]
    if blank:
        for name in blank:
            setattr(portal_settings, name, details[name])
        lines.append(f"{unit.name}: địa chỉ, khẩu hiệu, giấy phép và người chịu trách nhiệm bằng tiếng Anh")
    if lines:
        portal_settings.save()
    return lines


@transaction.atomic
def load_demo(units: dict[str, Unit]) -> list[str]:
    """English names, English pages and snippets for the city and Phường Ninh Sơn; returns what it did, one line
    each (none on a second run)."""
    lines = load_english_names(units)
    for slug in ENGLISH_UNITS:
        unit = units.get(slug)
        if unit is None:
            continue
        unit.refresh_from_db()
        outcome = translate_unit(unit)
        if outcome.counts:
            done = ", ".join(f"{count} {kind}" for kind, count in outcome.counts.items())
            lines.append(f"{unit.name}: dịch sang tiếng Anh {done}")
        lines += [f"{unit.name}: chưa dịch {item}" for item in outcome.skipped]
        lines += load_english_settings(unit)
    return lines
