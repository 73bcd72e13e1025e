package privacy

import "slices"

// tradPairs maps the Traditional characters that matter for detection to
// their Simplified forms: plate province abbreviations, the words of address
// and certificate patterns, the 化名 marks, and common surname and given-name
// characters (so a denylisted 张伟 also catches 張偉). Sorted by the
// Traditional character.
var tradPairs = [...]struct{ trad, simp rune }{
	{'亞', '亚'}, {'亰', '京'}, {'係', '系'}, {'們', '们'}, {'偉', '伟'}, {'傑', '杰'},
	{'兒', '儿'}, {'劉', '刘'}, {'動', '动'}, {'勝', '胜'}, {'區', '区'}, {'吳', '吴'},
	{'喬', '乔'}, {'單', '单'}, {'嚴', '严'}, {'國', '国'}, {'園', '园'}, {'夢', '梦'},
	{'婭', '娅'}, {'嬌', '娇'}, {'孫', '孙'}, {'學', '学'}, {'寧', '宁'}, {'寶', '宝'},
	{'層', '层'}, {'嵐', '岚'}, {'師', '师'}, {'廣', '广'}, {'張', '张'}, {'強', '强'},
	{'慶', '庆'}, {'憶', '忆'}, {'晉', '晋'}, {'曉', '晓'}, {'東', '东'}, {'棟', '栋'},
	{'楊', '杨'}, {'榮', '荣'}, {'樓', '楼'}, {'橋', '桥'}, {'權', '权'}, {'歐', '欧'},
	{'歡', '欢'}, {'湯', '汤'}, {'溫', '温'}, {'滬', '沪'}, {'潔', '洁'}, {'濟', '济'},
	{'濤', '涛'}, {'濱', '滨'}, {'為', '为'}, {'燁', '烨'}, {'瑤', '瑶'}, {'瑩', '莹'},
	{'瓊', '琼'}, {'產', '产'}, {'盧', '卢'}, {'稱', '称'}, {'穎', '颖'}, {'範', '范'},
	{'粵', '粤'}, {'紀', '纪'}, {'紅', '红'}, {'組', '组'}, {'縣', '县'}, {'羅', '罗'},
	{'義', '义'}, {'聰', '聪'}, {'聶', '聂'}, {'與', '与'}, {'興', '兴'}, {'艷', '艳'},
	{'莊', '庄'}, {'華', '华'}, {'萬', '万'}, {'葉', '叶'}, {'蔣', '蒋'}, {'蕭', '萧'},
	{'藝', '艺'}, {'蘇', '苏'}, {'蘭', '兰'}, {'號', '号'}, {'衛', '卫'}, {'許', '许'},
	{'詩', '诗'}, {'誠', '诚'}, {'諸', '诸'}, {'謝', '谢'}, {'證', '证'}, {'譚', '谭'},
	{'豔', '艳'}, {'貞', '贞'}, {'貴', '贵'}, {'費', '费'}, {'賀', '贺'}, {'賈', '贾'},
	{'賴', '赖'}, {'贛', '赣'}, {'趙', '赵'}, {'軍', '军'}, {'輝', '辉'}, {'這', '这'},
	{'進', '进'}, {'達', '达'}, {'遠', '远'}, {'遲', '迟'}, {'遼', '辽'}, {'鄉', '乡'},
	{'鄒', '邹'}, {'鄔', '邬'}, {'鄧', '邓'}, {'鄭', '郑'}, {'鄺', '邝'}, {'錢', '钱'},
	{'錦', '锦'}, {'鍾', '钟'}, {'鎮', '镇'}, {'鐘', '钟'}, {'長', '长'}, {'門', '门'},
	{'閩', '闽'}, {'閻', '阎'}, {'關', '关'}, {'陝', '陕'}, {'陳', '陈'}, {'陸', '陆'},
	{'陽', '阳'}, {'雙', '双'}, {'雲', '云'}, {'靜', '静'}, {'韓', '韩'}, {'韻', '韵'},
	{'順', '顺'}, {'顧', '顾'}, {'飛', '飞'}, {'餘', '余'}, {'馬', '马'}, {'馮', '冯'},
	{'魯', '鲁'}, {'鳳', '凤'}, {'鳴', '鸣'}, {'鴻', '鸿'}, {'鵬', '鹏'}, {'麗', '丽'},
	{'黃', '黄'}, {'龍', '龙'}, {'龔', '龚'},
}

// tradRunes marks the runes of the Basic Multilingual Plane that tradPairs
// maps, so that fold passes the others by with one lookup instead of a
// search of the table. It is made once and only read.
var tradRunes = func() (set [0x10000 / 64]uint64) {
	for _, p := range tradPairs {
		if p.trad < 0x10000 {
			set[p.trad>>6] |= 1 << (p.trad & 63)
		}
	}
	return set
}()

// tradToSimp returns the Simplified form tradPairs gives r, or r.
func tradToSimp(r rune) rune {
	if i, ok := slices.BinarySearchFunc(tradPairs[:], r, func(p struct{ trad, simp rune }, r rune) int { return int(p.trad - r) }); ok {
		return tradPairs[i].simp
	}
	return r
}
